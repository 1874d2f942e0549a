/** A named set of media folders, as configured by the administrator. */
export interface Library {
  name: string;
  /** Absolute folder paths. */
  paths: string[];
}
