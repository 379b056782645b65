// Exactly Bot wallet-linking page. No third-party code: EIP-1193 (window.ethereum), fetch to this bot only, nothing stored
// in the browser. The server writes the Sign-In with Ethereum message (EIP-4361, with the EIP-55 address); the wallet signs
// it with personal_sign; the server checks it and links the wallet.
(() => {
  'use strict';
  const main = document.querySelector('main');
  const id = main.dataset.link;
  const $ = (sel) => document.getElementById(sel);
  const say = (text, bad) => { const s = $('status'); s.textContent = text; s.className = bad ? 'bad' : 'note'; };
  const api = async (path, body) => {
    const res = await fetch(`/link/${id}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({ error: `The server answered ${res.status}.` }));
    if (!res.ok || json.error) throw new Error(json.error || `The server answered ${res.status}.`);
    return json;
  };
  // personal_sign takes the message as hex of its UTF-8 bytes (what every wallet accepts unambiguously).
  const hex = (text) => '0x' + Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');

  const link = async () => {
    const provider = window.ethereum;
    if (!provider) { say('No wallet found in this browser. Open this page in your wallet app (links in the chat).', true); return; }
    try {
      $('connect').disabled = true;
      say('Connecting…');
      const [account] = await provider.request({ method: 'eth_requestAccounts' });
      const { message } = await api('message', { account });
      $('message').textContent = message;
      $('review').hidden = false;
      say('Sign the message in your wallet…');
      const signature = await provider.request({ method: 'personal_sign', params: [hex(message), account] });
      say('Checking the signature…');
      const done = await api('verify', { message, signature });
      say(done.text);
      main.dataset.state = 'linked';
    } catch (e) { say(e.message, true); $('connect').disabled = false; }
  };

  $('connect').addEventListener('click', link);
})();
