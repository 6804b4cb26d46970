// Labeling-workspace and data-quality statistics. Pure TypeScript, no Node or DOM imports.
export * from './annotations';
export * from './agreement';
export * from './krippendorff';
export * from './consensus';
export * from './probs';
export * from './confident-learning';
export * from './uncertainty';
