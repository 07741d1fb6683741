import type { Context } from '../../engine/context.js';
import { msgprint } from '../../engine/runtime/msgprint.js';
import { guessType } from './mime.js';
import { stageBuffer, type StagedContent } from './staged-content.js';
import { isTruthy } from './truthy.js';

/** `upload_file`'s `optimize` request: the box the image should fit (docs/spec/files.md §7). */
export interface OptimizeRequest {
  readonly maxWidth: number;
  readonly maxHeight: number;
}

const DEFAULT_MAX_WIDTH = 1024;
const DEFAULT_MAX_HEIGHT = 768;
/** Never shrink an image below this many pixels on a side, nor by more than this share per pass. */
const MIN_SIDE = 200;
const SHRINK = 0.8;
const QUALITY = 85;

/** The request's `optimize`, `max_width`, `max_height`, or null when it did not ask. */
export function optimizeRequestOf(
  fields: Readonly<Record<string, unknown>>,
): OptimizeRequest | null {
  if (!isTruthy(fields.optimize)) return null;
  return {
    maxWidth: positiveInt(fields.max_width) ?? DEFAULT_MAX_WIDTH,
    maxHeight: positiveInt(fields.max_height) ?? DEFAULT_MAX_HEIGHT,
  };
}

/**
 * Frappe's image optimisation on upload: a raster image larger than its
 * bounds is scaled down to fit them, keeping its aspect ratio and format
 * (JPEG and WebP at quality 85, every GIF frame, metadata kept). SVG, small
 * images and non-images come back as they were; an image the library cannot
 * read is kept too, with Frappe's message. Answers the bytes to store.
 */
export async function optimizeImage(
  ctx: Context,
  staged: StagedContent,
  fileName: string,
  request: OptimizeRequest,
): Promise<StagedContent> {
  const type = guessType(fileName) ?? '';
  if (!type.startsWith('image/') || type === 'image/svg+xml') return staged;
  try {
    // sharp and libvips (~30 MB resident) load with the first image to optimise.
    const { default: sharp } = await import('sharp');
    const image = sharp(staged.path, { animated: type === 'image/gif' });
    const { width = 0, pageHeight, height = 0, format } = await image.metadata();
    const frameHeight = pageHeight ?? height;
    const boundWidth = Math.max(Math.min(request.maxWidth, SHRINK * width), MIN_SIDE);
    const boundHeight = Math.max(Math.min(request.maxHeight, SHRINK * frameHeight), MIN_SIDE);
    if (width * frameHeight < boundWidth * boundHeight) return staged;
    const output = await image
      .resize({
        width: Math.floor(boundWidth),
        height: Math.floor(boundHeight),
        fit: 'inside',
        withoutEnlargement: true,
      })
      .keepMetadata()
      .toFormat(format, { quality: QUALITY })
      .toBuffer();
    if (output.length >= staged.size) return staged;
    const optimized = await stageBuffer(ctx.site.path, output);
    await staged.discard();
    return optimized;
  } catch (error) {
    msgprint(ctx, `Failed to optimize image: ${(error as Error).message}`);
    return staged;
  }
}

function positiveInt(value: unknown): number | null {
  const parsed = Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : null;
}
