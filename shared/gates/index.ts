// Quality gates: a parser for expressions such as `recall[malignant] >= 0.97` and their evaluation
// against an evaluation's metrics. Pure: the store and the report builder live in electron/core/evaluation.

export * from './catalog';
export * from './parse';
export * from './evaluate';
