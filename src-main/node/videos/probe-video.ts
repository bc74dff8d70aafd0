import { runTool, VideoToolError } from './run-tool';

/** What the container says about a video, read by ffprobe without decoding it. */
export interface VideoProbe {
  /** Upright size: the coded size with a 90° or 270° rotation applied. */
  width: number;
  height: number;
  durationMs: number | null;
  /** Clockwise degrees the player turns the picture (0, 90, 180, 270); ffmpeg applies it when decoding. */
  rotation: number;
  codec: string;
  /** ISO-8601 in UTC, from the container's creation time (Apple's own tag first), or null. */
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
  altitude: number | null;
  /** Apple's content identifier, which ties a Live Photo's video to its still. */
  contentIdentifier: string | null;
  /**
   * The container's index of the stream described here, which frames are decoded from: ffmpeg's
   * own choice can be another (a cover picture, a larger second video).
   */
  streamIndex: number;
}

interface ProbeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number; still_image?: number };
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string; tags?: Record<string, string> };
}

/** `+38.7223-009.1393+010.000/` (ISO 6709, as phones write it) → numbers. */
export function parseIso6709(text: string): { latitude: number; longitude: number; altitude: number | null } | null {
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(text.trim());
  if (!match) return null;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude, altitude: match[3] === undefined ? null : Number(match[3]) };
}

function tagOf(tags: Record<string, string> | undefined, ...names: string[]): string | undefined {
  if (!tags) return undefined;
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  for (const name of names) {
    const value = lower.get(name.toLowerCase());
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  // Cameras without a clock write 1904-01-01 (the QuickTime epoch) or 1970: no date at all.
  if (!Number.isFinite(time) || new Date(time).getUTCFullYear() < 1980) return null;
  return new Date(time).toISOString();
}

function rotationOf(stream: ProbeStream): number {
  const fromSideData = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  // Display matrices say counter-clockwise (-90 for a phone held upright); the old `rotate` tag says clockwise.
  const degrees = fromSideData !== undefined ? -fromSideData : Number(tagOf(stream.tags, 'rotate') ?? 0);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/** A video stream shorter than this is a picture, not the video (one frame at 25 frames/s lasts 0.04 s). */
const STILL_PICTURE_SECONDS = 0.2;

/** Seconds from a stream's `duration`, or from the `DURATION` tag (`00:00:02.000000000`) Matroska writes instead. */
function streamSeconds(stream: ProbeStream): number | null {
  if (stream.duration !== undefined && Number.isFinite(Number(stream.duration))) return Number(stream.duration);
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(tagOf(stream.tags, 'DURATION') ?? '');
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : null;
}

/** A picture kept as a one-frame video stream: a still image, or a cover Matroska holds as a track without the cover flag. */
function isStillPicture(stream: ProbeStream): boolean {
  const seconds = streamSeconds(stream);
  return stream.disposition?.still_image === 1 || (seconds !== null && seconds < STILL_PICTURE_SECONDS);
}

/**
 * Describes the video stream frames are taken from: the first that is neither a cover picture
 * (attached_pic) nor a one-frame still, else the first that is not a cover.
 */
export function describeProbe(output: ProbeOutput): VideoProbe {
  const videos = (output.streams ?? [])
    .map((stream, position) => ({ stream, index: stream.index ?? position }))
    .filter(({ stream }) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1);
  const chosen = videos.find(({ stream }) => !isStillPicture(stream)) ?? videos[0];
  const stream = chosen?.stream;
  if (!chosen || !stream?.width || !stream.height) throw new VideoToolError('the file has no video stream');
  const rotation = rotationOf(stream);
  const turned = rotation % 180 === 90;
  const seconds = Number(output.format?.duration ?? stream.duration);
  const formatTags = output.format?.tags;
  const place = parseIso6709(tagOf(formatTags, 'com.apple.quicktime.location.ISO6709', 'location') ?? '');
  return {
    width: turned ? stream.height : stream.width,
    height: turned ? stream.width : stream.height,
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null,
    rotation,
    codec: stream.codec_name ?? 'unknown',
    takenAt: isoDate(tagOf(formatTags, 'com.apple.quicktime.creationdate', 'creation_time') ?? tagOf(stream.tags, 'creation_time')),
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    altitude: place?.altitude ?? null,
    contentIdentifier: tagOf(formatTags, 'com.apple.quicktime.content.identifier') ?? null,
    streamIndex: chosen.index,
  };
}

/** Reads the container's description of a video with ffprobe. */
export async function probeVideo(ffprobe: string, path: string): Promise<VideoProbe> {
  const input = `file:${path}`;
  const json = await runTool(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], input);
  let output: ProbeOutput;
  try {
    output = JSON.parse(json.toString('utf8')) as ProbeOutput;
  } catch {
    throw new VideoToolError('the video decoder could not describe the file');
  }
  return describeProbe(output);
}
