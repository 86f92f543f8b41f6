export {
  fetchYahooDailyBars,
  YAHOO_CHART_ORIGIN,
  type YahooChartClientOptions,
  type YahooDailyBars,
  type YahooDailyBarsRequest,
  type YahooRejectedRow,
} from './fetch-yahoo-daily-bars.ts';
export { yahooTradingDate } from './yahoo-trading-date.ts';
