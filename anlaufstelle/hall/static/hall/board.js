// The call board chimes and says each new call aloud: the sentence in the visitor's language,
// rendered by the server (espeak-ng), else the browser's own voice for that language where it
// has one, else the chime alone. Calls on the board when it opens are not announced; a recall
// has a new key (its call time) and is announced again. Browsers play sound only after a press
// on the page, so a "Sound on" button stays until sound plays; the choice is remembered, and
// a browser that allows sound without a press (a kiosk browser) starts with it on.
(function () {
  "use strict";
  const STORE = "anlaufstelle.board.sound";
  const PAUSE_MS = 700; // between the chime and the sentence, and between two calls
  const button = document.getElementById("board-sound");
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  const speech = window.speechSynthesis;
  if (!button || (!AudioContextClass && !speech)) return;

  let context = null;
  let soundOn = false;
  let pressed = false;
  let busy = false;
  const seen = new Set();
  const queue = [];
  // What the board did, for the browser tests and for anyone looking at a silent board.
  const state = { announced: [], played: [], spoken: [] };
  window.anlaufstelleBoard = state;

  function remembered() {
    try {
      return window.localStorage.getItem(STORE) === "on";
    } catch (error) {
      return false; // storage switched off: the button each time
    }
  }

  function update() {
    soundOn = context ? context.state === "running" : pressed || remembered();
    button.hidden = soundOn;
  }

  function start() {
    if (AudioContextClass && !context) {
      try {
        context = new AudioContextClass();
        context.addEventListener("statechange", update);
      } catch (error) {
        context = null;
      }
    }
    if (context && context.state !== "running") context.resume().then(update, update);
    update();
  }

  button.addEventListener("click", () => {
    pressed = true;
    try {
      window.localStorage.setItem(STORE, "on");
    } catch (error) {
      // remembered for this page only
    }
    // Speech too needs a press once; an empty sentence is enough.
    if (speech) speech.speak(new SpeechSynthesisUtterance(""));
    start();
  });

  // Two soft tones falling a third, made here: no sound file to fetch.
  function chime() {
    if (!context) return 0;
    const begin = context.currentTime + 0.05;
    [
      [659.25, 0],
      [523.25, 0.5],
    ].forEach(([frequency, offset]) => {
      const tone = context.createOscillator();
      const volume = context.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, begin + offset);
      volume.gain.exponentialRampToValueAtTime(0.35, begin + offset + 0.03);
      volume.gain.exponentialRampToValueAtTime(0.0001, begin + offset + 1.2);
      tone.connect(volume).connect(context.destination);
      tone.start(begin + offset);
      tone.stop(begin + offset + 1.3);
    });
    return 1800;
  }

  // Fetched as soon as the call is queued, played when its turn comes; null where the server
  // cannot say it (404) or the browser cannot decode it.
  function load(url) {
    if (!context) return Promise.resolve(null);
    return fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.arrayBuffer() : null))
      .then((data) =>
        data
          ? new Promise((resolve) => context.decodeAudioData(data, resolve, () => resolve(null)))
          : null
      )
      .catch(() => null);
  }

  function voiceFor(language) {
    if (!speech) return null;
    return (
      speech
        .getVoices()
        .find((voice) => (voice.lang || "").toLowerCase().split(/[-_]/)[0] === language) || null
    );
  }

  // Timers, not the end events: a television's browser may never fire them.
  function say(call, sound, done) {
    if (sound) {
      const source = context.createBufferSource();
      source.buffer = sound;
      source.connect(context.destination);
      source.start();
      state.played.push(call.key);
      setTimeout(done, sound.duration * 1000);
      return;
    }
    const voice = voiceFor(call.language);
    if (!voice) {
      done();
      return;
    }
    const sentence = new SpeechSynthesisUtterance(call.text);
    sentence.lang = voice.lang;
    sentence.voice = voice;
    sentence.rate = 0.9;
    let over = false;
    const end = () => {
      if (!over) {
        over = true;
        done();
      }
    };
    sentence.onend = end;
    sentence.onerror = end;
    setTimeout(end, 15000);
    state.spoken.push(call.key);
    speech.speak(sentence);
  }

  function next() {
    if (busy || !queue.length) return;
    busy = true;
    const call = queue.shift();
    const wait = chime();
    const after = () =>
      setTimeout(() => {
        busy = false;
        next();
      }, PAUSE_MS);
    setTimeout(() => call.sound.then((sound) => say(call, sound, after)), wait + PAUSE_MS);
  }

  function scan(first) {
    const rows = Array.from(document.querySelectorAll("#board-calls [data-call]"));
    // The newest call is on top: announced in the order they were made.
    rows.reverse().forEach((row) => {
      const key = row.getAttribute("data-call");
      if (seen.has(key)) return;
      seen.add(key);
      if (first || !soundOn) return;
      const url = row.getAttribute("data-sound");
      state.announced.push(key);
      queue.push({
        key: key,
        language: row.getAttribute("data-lang"),
        text: row.getAttribute("data-speech"),
        sound: load(url),
      });
    });
    next();
  }

  if (speech) speech.getVoices(); // some browsers load their voices on the first ask
  if (remembered()) start();
  button.hidden = soundOn;
  scan(true);
  document.addEventListener("htmx:afterSettle", () => scan(false));
})();
