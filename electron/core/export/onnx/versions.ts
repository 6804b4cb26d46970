// The ONNX versions Cairn writes, apart from the protobuf code: model cards name the opset
// without loading onnx-proto.
export const IR_VERSION = 8;
export const OPSET = 13;
