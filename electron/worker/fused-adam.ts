import * as tf from '@tensorflow/tfjs';

/**
 * One Adam step for one variable in a single kernel: inputs x (the variable), m, v, g (its
 * gradient) and the scalars accBeta1, accBeta2 (beta^t); outputs the new x, m and v. Backends that
 * register it (wasm, see wasm-kernels.ts) get FusedAdamOptimizer's one pass instead of tfjs's
 * ~16 elementwise kernels per variable, which were a fifth of an MLP training step on wasm.
 */
export const ADAM_UPDATE = 'CairnAdamUpdate';

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The private state of tfjs's AdamOptimizer (4.22) this subclass updates in place of it. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * tfjs's Adam, with the same state, weights and config (checkpoints stay interchangeable), whose
 * step runs ADAM_UPDATE where the active backend has it and tfjs's own ops elsewhere.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'Adam';
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_UPDATE, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const attrs: AdamUpdateAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        // Created on first use, named as tfjs names them, so getWeights/setWeights are unchanged.
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const [x1, m1, v1] = tf
          .engine()
          .runKernel(
            ADAM_UPDATE,
            { x: value, m, v, g: gradient, accBeta1: state.accBeta1, accBeta2: state.accBeta2 },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        m.assign(m1);
        v.assign(v1);
        value.assign(x1);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

// A model loaded from a checkpoint gets this class for its 'Adam' optimizer too.
tf.serialization.registerClass(FusedAdamOptimizer);
