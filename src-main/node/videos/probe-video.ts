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
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
  disposition?: { attached_pic?: number };
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

export function describeProbe(output: ProbeOutput): VideoProbe {
  const stream = output.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!stream || !stream.width || !stream.height) throw new VideoToolError('the file has no video stream');
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
