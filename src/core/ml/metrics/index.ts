export { accuracy } from './accuracy.ts';
export { areaUnderRoc } from './area-under-roc.ts';
export { type CalibrationBin, calibrationTable } from './calibration-table.ts';
export { logLoss } from './log-loss.ts';
