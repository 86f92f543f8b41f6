export {
  type Calibration,
  type MaHmmEnsembleParameters,
  MaHmmEnsembleStrategy,
  maHmmEnsembleParameters,
} from './ma-hmm-ensemble-strategy.ts';
