import { useEffect, useState } from 'react';
import { useClient } from '../api/context';

/**
 * The preview main sends while a camera is open (a small JPEG a few times a second; never kept):
 * the face camera (mirrored, as people expect to see themselves) or the document camera (as is).
 */
export function CameraPreview({
  className,
  testId,
  alt,
  starting,
  children,
}: {
  className: string;
  testId: string;
  alt: string;
  starting: string;
  children?: React.ReactNode;
}) {
  const client = useClient();
  const [frame, setFrame] = useState<string | null>(null);
  useEffect(() => client.on('camera.preview', (p) => setFrame(p.frame ? p.frame.jpeg : null)), [client]);
  return (
    <div className={className} data-testid={testId} data-live={frame !== null}>
      {frame !== null ? <img src={frame} alt={alt} /> : <p className="hint">{starting}</p>}
      {children}
    </div>
  );
}
