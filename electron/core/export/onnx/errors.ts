import { UserError } from '../../errors';

/** Why a model can't be exported; names the layer when one is at fault. Nothing is written. */
export class OnnxExportError extends UserError {
  constructor(
    message: string,
    readonly layer?: { name: string; className: string },
  ) {
    super(layer ? `ONNX export: layer "${layer.name}" (${layer.className}): ${message}` : `ONNX export: ${message}`);
    this.name = 'OnnxExportError';
  }
}
