// NHS.UK frontend components (header menu, radios and checkboxes reveals, error summary focus, skip link).
import { initAll } from '/assets/nhsuk-frontend.min.js';

initAll();

// Conditional reveals under radios (without aria-expanded, which radios may not carry).
const syncReveals = () => {
  document.querySelectorAll('input[type=radio][data-dars-controls]').forEach((input) => {
    document.getElementById(input.dataset.darsControls)?.classList.toggle('nhsuk-radios__conditional--hidden', !input.checked);
  });
};
document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.type === 'radio') syncReveals();
});
syncReveals();

// Work still running (cohort validation, production, release): poll the application's version and
// reload when it moves on, announcing progress politely. Without JavaScript the page offers a refresh link.
const progress = document.querySelector('[data-dars-progress]');
if (progress) {
  const url = progress.getAttribute('data-dars-progress');
  const version = progress.getAttribute('data-dars-version');
  const status = progress.querySelector('[data-dars-progress-status]');
  let polls = 0;
  const poll = async () => {
    polls += 1;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok) {
        const now = await response.json();
        if (String(now.version) !== version) {
          window.location.reload();
          return;
        }
      }
    } catch {
      // keep polling: the next attempt may answer
    }
    if (status) status.textContent = `Still working (checked ${polls} time${polls === 1 ? '' : 's'}). This page refreshes when it is done.`;
    if (polls < 150) setTimeout(poll, 2000);
  };
  // The first look comes after the page (and any success message on it) has been read.
  setTimeout(poll, 5000);
}

// The lifecycle picture: Mermaid draws it when the script is present; the text and the list stay for everyone.
const diagram = document.querySelector('[data-dars-mermaid]');
if (diagram) {
  const script = document.createElement('script');
  script.src = '/vendor/mermaid.min.js';
  script.onload = async () => {
    try {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
      const source = diagram.querySelector('pre').textContent;
      const { svg } = await window.mermaid.render('dars-lifecycle-svg', source);
      const figure = document.createElement('div');
      figure.className = 'dars-diagram__svg';
      figure.setAttribute('role', 'img');
      figure.setAttribute('aria-label', diagram.getAttribute('data-dars-mermaid'));
      figure.innerHTML = svg;
      diagram.prepend(figure);
      diagram.querySelector('details')?.removeAttribute('open');
    } catch {
      // the text version stays
    }
  };
  document.head.appendChild(script);
}
