const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base36(n: number, width: number): string {
  let out = '';
  for (let i = 0, rest = n; i < width; i++, rest = Math.floor(rest / 36)) out = (ID_ALPHABET[rest % 36] ?? '0') + out;
  return out;
}

/**
 * Interaction Server style ids: 16 characters, a fixed 8-character stem per medium and a rising
 * base-36 count (`0000Sa9S...` chats, `01QG9WAK...` emails, `03W0GH2K...` open media [src: ChatAccept,
 * EmailCreate, OpenMediaAPICreate samples]).
 */
export function interactionIds(stem: string): () => string {
  let issued = 0;
  return () => `${stem}${base36(++issued, 16 - stem.length)}`;
}
