// Distinguishable on the dark theme and for the common color-vision deficiencies (Okabe–Ito-ish).
export const RUN_COLORS = ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#d55e00', '#0072b2', '#b8b8b8'];

export const colorFor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length];
