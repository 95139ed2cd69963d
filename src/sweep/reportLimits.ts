/**
 * How many variants a sweep's report lists, and keeps a config file of. Its own module, without
 * imports, so the web app can say which rows of its table have a config without bundling the report.
 */
export const REPORT_TOP_VARIANTS = 20;
