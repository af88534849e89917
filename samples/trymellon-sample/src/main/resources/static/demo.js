// The browser side of a TryMellon session, in a few lines: exchange the SDK's token once,
// then let the HttpOnly cookie do the work. Nothing here stores a token anywhere.
'use strict';

function csrfToken() {
	const match = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
	return match ? decodeURIComponent(match[1]) : null;
}

async function call(method, url, { csrf = true, headers = {} } = {}) {
	const sent = { ...headers };
	const token = csrfToken();
	if (csrf && token && method !== 'GET') {
		sent['X-XSRF-TOKEN'] = token;
	}
	const response = await fetch(url, { method, headers: sent, credentials: 'same-origin' });
	const text = await response.text();
	let body = text;
	try {
		body = JSON.parse(text);
	}
	catch (ignored) {
		// not JSON
	}
	return { status: response.status, body };
}

function show(id, result) {
	const body = (typeof result.body === 'string') ? result.body : JSON.stringify(result.body);
	const code = (result.body && result.body.code) ? ' ' + result.body.code : '';
	document.getElementById(id).textContent = 'HTTP ' + result.status + code + (body ? '\n' + body : '');
}

async function refreshStatus() {
	const result = await call('GET', '/trymellon/session');
	document.getElementById('status').textContent = (result.status === 200)
		? 'Signed in as ' + result.body.userId + ' until ' + result.body.expiresAt
		: 'Signed out';
}

async function signIn(user, roles) {
	// What the TryMellon SDK hands the page after a passkey ceremony:
	const minted = await call('POST', '/dev/tokens?user=' + encodeURIComponent(user)
		+ (roles ? '&roles=' + encodeURIComponent(roles) : ''));
	if (minted.status !== 200) {
		show('sign-in-result', minted);
		return;
	}
	let sdkToken = minted.body.token;
	const exchanged = await call('POST', '/trymellon/session',
		{ csrf: false, headers: { Authorization: 'Bearer ' + sdkToken } });
	sdkToken = null; // forgotten: from now on the HttpOnly cookie carries the session
	show('sign-in-result', exchanged);
	await refreshStatus();
}

const actions = {
	'sign-in-alice': () => signIn('alice'),
	'sign-in-ada': () => signIn('ada', 'admin'),
	'me': async () => show('me-result', await call('GET', '/api/me')),
	'session': async () => show('me-result', await call('GET', '/trymellon/session')),
	'note-with-csrf': async () => show('note-result', await call('POST', '/api/notes?text=hello')),
	'note-without-csrf': async () => show('note-result', await call('POST', '/api/notes?text=hello', { csrf: false })),
	'admin': async () => show('admin-result', await call('GET', '/api/admin')),
	'sign-out': async () => {
		show('sign-out-result', await call('DELETE', '/trymellon/session'));
		await refreshStatus();
	},
};

for (const [id, action] of Object.entries(actions)) {
	document.getElementById(id).addEventListener('click', action);
}
refreshStatus();
