import { buildSimulator, listen } from './src/simulator/index.ts';
const s = await listen(buildSimulator({ defects: ['error-extra-attributes'] }), { host: '127.0.0.1', port: 0 });
console.log(s.url);
