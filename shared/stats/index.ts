// Statistics behind Cairn's evaluation, fairness and drift reports, checked against scikit-learn,
// Fairlearn, Evidently and scipy.

export * from './argmax';
export * from './labels';
export * from './classification';
export * from './ranking';
export * from './probability';
export * from './evaluate';
export * from './fairness';
export * from './threshold-optimizer';
export * from './special';
export * from './kolmogorov';
export * from './ks-test';
export * from './histogram';
export * from './drift-tests';
export * from './drift';
export * from './trend';
export * from './change-point';
export * from './drift-kind';
