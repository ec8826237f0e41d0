/** FileReader rather than Blob.text(): the same code runs in the browser and in jsdom tests. */
export function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    r.readAsText(file);
  });
}
