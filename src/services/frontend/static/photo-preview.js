// The back-office's photo preview (/admin/produits/{id}): shows the chosen file before it is sent.
// The file is read as a data: URL (FileReader), which the pages' CSP already allows for images
// (img-src 'self' data:), so the CSP needs no blob: source. Without JavaScript the form works the
// same, only without the preview; the catalogue decides what it accepts either way. Its messages
// come from the page (data-* of #apercu-message), written in the page's language.
(() => {
  const input = document.getElementById('photo');
  const figure = document.getElementById('apercu');
  const image = document.getElementById('apercu-image');
  const message = document.getElementById('apercu-message');
  if (!input || !figure || !image || !message) return;
  const accepted = ['image/jpeg', 'image/png', 'image/webp'];
  const maxBytes = 5 * 1024 * 1024;
  input.addEventListener('change', () => {
    figure.hidden = true;
    image.removeAttribute('src');
    message.textContent = '';
    const file = input.files && input.files[0];
    if (!file) return;
    if (!accepted.includes(file.type)) {
      message.textContent = message.dataset.wrongType;
      return;
    }
    if (file.size > maxBytes) {
      message.textContent = message.dataset.tooLarge;
      return;
    }
    const reader = new FileReader();
    reader.addEventListener('load', () => { image.src = String(reader.result); });
    reader.readAsDataURL(file);
  });
  // Shown once the browser could draw it: a file that only claims to be an image shows nothing.
  image.addEventListener('load', () => { if (image.getAttribute('src')) figure.hidden = false; });
  image.addEventListener('error', () => {
    if (!image.getAttribute('src')) return;
    message.textContent = message.dataset.notAnImage;
  });
})();
