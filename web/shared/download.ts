/**
 * Offers text to the user as a downloaded file. A byte order mark is prepended so that older Windows
 * editors open Chinese text as UTF-8 rather than guessing a legacy code page.
 */
export function downloadTextFile(fileName: string, text: string): void {
  const blob = new Blob(['\uFEFF', text], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled; some browsers read the URL asynchronously.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
