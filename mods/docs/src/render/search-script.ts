/**
 * The search box answers as one types: the results page is fetched and its content shown in place,
 * and the address follows, so the results can be shared; without script the form still submits.
 */
export const SEARCH_SCRIPT = `(() => {
  const input = document.querySelector('.search input');
  const content = document.querySelector('main .content');
  if (!input || !content) return;
  let timer;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      const seq = ++latest;
      const url = '/docs/search?q=' + encodeURIComponent(q);
      const page = await fetch(url).then((r) => r.text(), () => undefined);
      if (!page || seq !== latest) return;
      const found = new DOMParser().parseFromString(page, 'text/html').querySelector('main .content');
      if (!found) return;
      content.replaceChildren(...found.childNodes);
      history.replaceState(null, '', url);
    }, 150);
  });
})();
`;
