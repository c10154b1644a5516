/**
 * The decoded photo of the card read in this session, when the reader has a WLT decoder
 * (main/devices/wlt-command.ts): the face check's reference in mode (b). One slot, in memory only:
 * replaced by the next card read, zeroed when the session ends or another card is read, and
 * handed out only for the identity it was read with.
 */
export class ChipPhotos {
  private slot: { idNumber: string; jpeg: Uint8Array } | null = null;

  /** The card just read (its photo, or null when it has none decoded). */
  put(idNumber: string, jpeg: Uint8Array | null): void {
    this.clear();
    if (jpeg !== null && jpeg.length > 0) this.slot = { idNumber, jpeg: new Uint8Array(jpeg) };
  }

  /** A copy of the photo read with this ID number (the caller zeroes it after use), or null. */
  take(idNumber: string): Uint8Array | null {
    return this.slot?.idNumber === idNumber ? new Uint8Array(this.slot.jpeg) : null;
  }

  clear(): void {
    this.slot?.jpeg.fill(0);
    this.slot = null;
  }
}
