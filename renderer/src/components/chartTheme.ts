import { Chart } from 'chart.js';
import { onThemeChange } from '../lib/theme';

// Axis text and grid lines follow the theme's --chart-* variables; charts already drawn are
// redrawn in place on a switch (their options resolve against these defaults at each update).
onThemeChange(() => {
  const css = getComputedStyle(document.documentElement);
  Chart.defaults.color = css.getPropertyValue('--chart-text').trim();
  Chart.defaults.borderColor = css.getPropertyValue('--chart-grid').trim();
  Chart.defaults.font.family = 'inherit';
  for (const chart of Object.values(Chart.instances)) chart.update('none');
});
