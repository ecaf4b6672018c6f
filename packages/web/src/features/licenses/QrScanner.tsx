/**
 * Camera scanning of a licence QR code (扫码核验): the rear camera through getUserMedia, frames read a few times a
 * second by the browser's BarcodeDetector where it has one (Chrome on Android, Safari), else by jsQR (loaded on
 * demand). The first code read is handed to `onCode` and the camera is switched off; so it is when the reader
 * stops or leaves the page. Without a camera or permission the reader is told why and can paste or upload instead.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { CameraOutlined, StopOutlined } from '@ant-design/icons';
import { useLicenseT } from './licenses.i18n.ts';

type Decoder = (frame: ImageData, canvas: HTMLCanvasElement) => Promise<string | null>;

interface DetectorLike { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> }
type DetectorCtor = new (opts: { formats: string[] }) => DetectorLike;

/** The browser's QR detector when it has one, else jsQR. */
async function makeDecoder(): Promise<Decoder> {
  const Ctor = (globalThis as { BarcodeDetector?: DetectorCtor & { getSupportedFormats?: () => Promise<string[]> } }).BarcodeDetector;
  const formats: string[] = (await Ctor?.getSupportedFormats?.().catch(() => [])) ?? [];
  if (Ctor && formats.includes('qr_code')) {
    const detector = new Ctor({ formats: ['qr_code'] });
    return async (_frame, canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  return async (frame) => jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

type State = 'idle' | 'starting' | 'scanning' | 'denied' | 'unavailable';

export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const lt = useLicenseT();
  const [state, setState] = useState<State>('idle');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);

  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unavailable');
      return;
    }
    setState('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (err) {
      setState(err instanceof DOMException && err.name === 'NotAllowedError' ? 'denied' : 'unavailable');
      return;
    }
    const v = video.current!;
    v.srcObject = stream.current;
    await v.play().catch(() => undefined);
    setState('scanning');
    const decode = await makeDecoder();
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    let busy = false;
    timer.current = window.setInterval(() => {
      if (busy || !v.videoWidth) return;
      busy = true;
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      ctx.drawImage(v, 0, 0);
      decode(ctx.getImageData(0, 0, canvas.width, canvas.height), canvas)
        .then((text) => {
          if (!text || !stream.current) return;
          stop();
          setState('idle');
          onCode(text);
        })
        .catch(() => undefined)
        .finally(() => { busy = false; });
    }, 250);
  };

  const cancel = () => {
    stop();
    setState('idle');
  };

  return (
    <div className="tb-field tb-qr-scanner" data-testid="verify-scanner" data-state={state}>
      <span className="tb-label">{lt('licenses.scan.label')}</span>
      <p className="tb-hint">{lt('licenses.scan.hint')}</p>
      <video
        ref={video}
        className="tb-qr-video"
        hidden={state !== 'scanning' && state !== 'starting'}
        muted
        playsInline
        aria-label={lt('licenses.scan.video')}
        data-testid="verify-scan-video"
      />
      <p className="tb-hint" role="status" data-testid="verify-scan-status">
        {state === 'scanning' ? lt('licenses.scan.scanning') : state === 'starting' ? lt('licenses.scan.starting') : state === 'denied' ? lt('licenses.scan.denied') : state === 'unavailable' ? lt('licenses.scan.unavailable') : ''}
      </p>
      {state === 'scanning' || state === 'starting' ? (
        <Button icon={<StopOutlined aria-hidden="true" />} onClick={cancel} data-testid="verify-scan-stop">{lt('licenses.scan.stop')}</Button>
      ) : (
        <Button icon={<CameraOutlined aria-hidden="true" />} onClick={() => void start()} data-testid="verify-scan">{lt('licenses.scan.start')}</Button>
      )}
    </div>
  );
}
