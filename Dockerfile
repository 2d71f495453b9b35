# gwscheck prober image: docker build -t gwscheck . (see the README's "Running the prober as a service").
# The TypeScript is compiled into dist/ in a build stage, so the prober starts without a transform;
# the sources stay beside it for the contract specs. npx is never involved at run time.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# The build also writes the OpenAPI and AsyncAPI documents, with gwscheck itself from its schemas.
COPY bin ./bin
COPY schemas ./schemas
COPY scripts ./scripts
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
# tini as PID 1 passes SIGTERM/SIGINT to node and reaps children, so `docker stop` drains the prober.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json vitest.config.ts ./
COPY bin ./bin
COPY src ./src
# After the sources, so that the build is newer than every source file and bin/gwscheck.js runs it.
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY specs ./specs
COPY deploy/kubernetes/shard.mjs ./deploy/kubernetes/shard.mjs
# The image's own user from node:20 (uid 1000); the prober needs no privileges and writes only to /tmp.
USER node
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/-/healthy').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/gwscheck.js", "probe", "--config", "/etc/gwscheck/prober.yaml", "--listen", "0.0.0.0:9464"]
