/** What the Electron preload adds to `window.cairn` beside the contract: things only it can know. */
export interface DesktopBridge {
  /** The path on disk of a file dropped or picked in the page (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
}
