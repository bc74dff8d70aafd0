/**
 * A decoded photo as the model sees it before preprocessing: 8-bit sRGB, 3 interleaved channels,
 * EXIF orientation already applied, alpha dropped (as PIL's `convert("RGB")` does for the reference models).
 */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}
