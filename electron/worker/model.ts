import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/training/config';
import { FusedAdamOptimizer } from './fused-adam';

function optimizerFor(config: TrainConfig): tf.Optimizer {
  const lr = config.learningRate;
  switch (config.optimizer) {
    case 'adam':
      return new FusedAdamOptimizer(lr, 0.9, 0.999); // tf.train.adam's defaults
    case 'sgd':
      return tf.train.sgd(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
  }
}

/**
 * MLP or CNN per config, compiled. Each weighted layer gets its own initializer seed so equal
 * shapes don't start equal; Dropout stays unseeded because a seeded Dropout repeats one mask
 * forever (its randomness comes from the globally seeded Math.random instead).
 */
export function buildModel(config: TrainConfig, sampleShape: number[], numClasses: number): tf.LayersModel {
  let nextSeed = config.seed;
  const init = () => tf.initializers.glorotUniform({ seed: nextSeed++ });
  const model = tf.sequential();
  if (config.model === 'mlp') {
    const { hiddenUnits, activation, dropout } = config.mlp;
    if (sampleShape.length > 1) model.add(tf.layers.flatten({ inputShape: sampleShape }));
    hiddenUnits.forEach((units, i) => {
      const first = i === 0 && sampleShape.length === 1;
      model.add(tf.layers.dense({ units, activation, kernelInitializer: init(), ...(first ? { inputShape: sampleShape } : {}) }));
      if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
    });
    if (model.layers.length === 0) model.add(tf.layers.inputLayer({ inputShape: sampleShape }));
  } else {
    if (sampleShape.length !== 3) throw new Error('a CNN needs image data');
    const { filters, kernelSize, denseUnits, dropout } = config.cnn;
    filters.forEach((f, i) => {
      model.add(
        tf.layers.conv2d({
          filters: f,
          kernelSize,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: init(),
          ...(i === 0 ? { inputShape: sampleShape } : {}),
        }),
      );
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    });
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: denseUnits, activation: 'relu', kernelInitializer: init() }));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }));
  }
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init() }));
  model.compile({ optimizer: optimizerFor(config), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
