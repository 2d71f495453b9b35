/**
 * Grafana's unit ids, as listed in Grafana's packages/grafana-data/src/valueFormats/categories.ts
 * (the same enumeration grafana/dashboard-linter's panel-units rule checks against). A unit
 * outside this list renders as a plain number with the id glued on, e.g. "3 x".
 */
export const GRAFANA_UNITS: ReadonlySet<string> = new Set([
  // Misc
  'none', 'string',
  'short', 'percent', 'percentunit', 'humidity', 'dB', 'hex0x', 'hex', 'sci', 'locale', 'pixel',
  // Acceleration, angle, area
  'accMS2', 'accFS2', 'accG', 'degree', 'radian', 'grad', 'arcmin', 'arcsec', 'areaM2', 'areaF2', 'areaMI2',
  // Computation
  'flops', 'mflops', 'gflops', 'tflops', 'pflops', 'eflops', 'zflops', 'yflops',
  // Concentration
  'ppm', 'conppb', 'conngm3', 'conngNm3', 'conμgm3', 'conμgNm3', 'conmgm3', 'conmgNm3', 'congm3', 'congNm3', 'conmgdL', 'conmmolL',
  // Currency
  'currencyUSD', 'currencyGBP', 'currencyEUR', 'currencyJPY', 'currencyRUB', 'currencyUAH', 'currencyBRL', 'currencyDKK',
  'currencyISK', 'currencyNOK', 'currencySEK', 'currencyCZK', 'currencyCHF', 'currencyPLN', 'currencyBTC', 'currencymBTC',
  'currencyμBTC', 'currencyZAR', 'currencyINR', 'currencyKRW', 'currencyIDR', 'currencyPHP', 'currencyVND',
  // Data
  'bytes', 'decbytes', 'bits', 'decbits', 'kbytes', 'deckbytes', 'mbytes', 'decmbytes', 'gbytes', 'decgbytes', 'tbytes', 'dectbytes', 'pbytes', 'decpbytes',
  // Data rate
  'pps', 'binBps', 'Bps', 'binbps', 'bps', 'KiBs', 'Kibits', 'KBs', 'Kbits', 'MiBs', 'Mibits', 'MBs', 'Mbits',
  'GiBs', 'Gibits', 'GBs', 'Gbits', 'TiBs', 'Tibits', 'TBs', 'Tbits', 'PiBs', 'Pibits', 'PBs', 'Pbits',
  // Date & time
  'dateTimeAsIso', 'dateTimeAsIsoNoDateIfToday', 'dateTimeAsUS', 'dateTimeAsUSNoDateIfToday', 'dateTimeAsLocal',
  'dateTimeAsLocalNoDateIfToday', 'dateTimeAsSystem', 'dateTimeFromNow',
  // Energy
  'watt', 'kwatt', 'megwatt', 'gwatt', 'mwatt', 'Wm2', 'voltamp', 'kvoltamp', 'voltampreact', 'kvoltampreact', 'watth',
  'watthperkg', 'kwatth', 'kwattm', 'amph', 'kamph', 'mamph', 'joule', 'ev', 'amp', 'kamp', 'mamp', 'volt', 'kvolt',
  'mvolt', 'dBm', 'ohm', 'kohm', 'Mohm', 'farad', 'µfarad', 'nfarad', 'pfarad', 'ffarad', 'henry', 'mhenry', 'µhenry', 'lumens',
  // Flow, force, hash rate, mass, length, pressure
  'flowgpm', 'flowcms', 'flowcfs', 'flowcfm', 'litreh', 'flowlpm', 'flowmlpm', 'lux',
  'forceNm', 'forcekNm', 'forceN', 'forcekN', 'Hs', 'KHs', 'MHs', 'GHs', 'THs', 'PHs', 'EHs',
  'massmg', 'massg', 'masslb', 'masskg', 'masst', 'lengthmm', 'lengthin', 'lengthft', 'lengthm', 'lengthkm', 'lengthmi',
  'pressurembar', 'pressurebar', 'pressurekbar', 'pressurepa', 'pressurehpa', 'pressurekpa', 'pressurehg', 'pressurepsi',
  // Radiation, rotation, temperature
  'radbq', 'radci', 'radgy', 'radrad', 'radsv', 'radmsv', 'radusv', 'radrem', 'radexpckg', 'radr', 'radsvh', 'radmsvh', 'radusvh',
  'rotrpm', 'rothz', 'rotrads', 'rotdegs', 'celsius', 'fahrenheit', 'kelvin',
  // Time
  'hertz', 'ns', 'µs', 'ms', 's', 'm', 'h', 'd', 'dtdurationms', 'dtdurations', 'dthms', 'dtdhms', 'timeticks', 'clockms', 'clocks',
  // Throughput, velocity, volume, boolean
  'cps', 'ops', 'reqps', 'rps', 'wps', 'iops', 'cpm', 'opm', 'rpm', 'wpm',
  'velocityms', 'velocitykmh', 'velocitymph', 'velocityknot', 'mlitre', 'litre', 'm3', 'Nm3', 'dm3', 'gallons',
  'bool', 'bool_yes_no', 'bool_on_off',
]);
