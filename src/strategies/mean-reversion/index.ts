export {
  type MeanReversionParameters,
  MeanReversionStrategy,
  meanReversionParameters,
} from './mean-reversion-strategy.ts';
