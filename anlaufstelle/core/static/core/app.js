// Submitting the language form on change saves a click; the button stays for keyboard and no-JS use.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.submit();
  }
});

// A long list of checkboxes (nationalities) gets a filter box and the chosen entries as
// buttons that remove them. Without JavaScript the plain list works as it is.
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
// Words, so that "ir" finds Iran and Iraq, not every name with "ir" inside.
const words = (text) => fold(text).split(/[\s,.'’()\-]+/u).filter(Boolean);

function setUpChoiceFilter(root) {
  const box = root.querySelector("[data-filter-box]");
  const input = box.querySelector("input");
  const count = root.querySelector("[data-count]");
  const chips = root.querySelector("[data-chips]");
  const options = Array.from(root.querySelectorAll("[data-search]"));
  const checkbox = (option) => option.querySelector("input[type=checkbox]");
  const visible = () => options.filter((option) => !option.hidden);
  const keys = new Map(options.map((option) => [option, words(option.dataset.search)]));
  const noneText = chips.querySelector("[data-none]")?.textContent ?? "";

  function filter() {
    const wanted = words(input.value);
    for (const option of options) {
      const have = keys.get(option);
      option.hidden = !wanted.every((part) => have.some((word) => word.startsWith(part)));
    }
    count.textContent = wanted.length
      ? root.dataset.countLabel.replace("%(count)s", visible().length)
      : "";
  }

  function showChosen() {
    chips.replaceChildren();
    const chosen = options.filter((option) => checkbox(option).checked);
    if (!chosen.length) {
      const none = document.createElement("li");
      none.className = "muted";
      none.textContent = noneText;
      chips.append(none);
    }
    for (const option of chosen) {
      const name = option.querySelector("label").textContent;
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kern-btn kern-btn--secondary kern-btn--x-small choice-filter__chip";
      button.setAttribute("aria-label", root.dataset.removeLabel.replace("%(name)s", name));
      const label = document.createElement("span");
      label.className = "kern-label";
      label.textContent = name;
      const cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "×";
      button.append(label, cross);
      button.addEventListener("click", () => {
        const at = Array.from(chips.children).indexOf(item);
        checkbox(option).checked = false;
        showChosen();
        // Focus stays in the chosen list (or returns to the filter), never lost on the page.
        const buttons = chips.querySelectorAll("button");
        (buttons[Math.min(at, buttons.length - 1)] ?? input).focus();
      });
      item.append(button);
      chips.append(item);
    }
  }

  function move(from, step) {
    const shown = visible();
    const at = shown.indexOf(from);
    const target = shown[at + step];
    if (target) checkbox(target).focus();
    else if (step < 0) input.focus();
  }

  box.hidden = false;
  input.addEventListener("input", filter);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "Enter") {
      // Enter here must not send the whole form half filled in.
      event.preventDefault();
      const first = visible()[0];
      if (first) checkbox(first).focus();
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      filter();
    }
  });
  for (const option of options) {
    checkbox(option).addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(option, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        // As in a list box, Enter chooses; it must not send the half-filled form.
        event.preventDefault();
        checkbox(option).click();
      } else if (event.key === "Escape") {
        // Back to the filter for the next one.
        event.preventDefault();
        input.value = "";
        filter();
        input.focus();
      }
    });
  }
  root.addEventListener("change", showChosen);
  showChosen();
}

document.querySelectorAll("[data-choice-filter]").forEach(setUpChoiceFilter);

// Typing and clicking on a staff page count as activity: tell the server now and then, so the
// idle sign-out (core/sessions.py) never ends a session while someone fills in a long form.
(() => {
  const form = document.querySelector("form[data-keepalive]");
  if (!form) return;
  const url = form.dataset.keepalive;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
  const every = 4 * 60 * 1000;
  let last = Date.now();
  const ping = () => {
    if (Date.now() - last < every) return;
    last = Date.now();
    fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" });
  };
  for (const kind of ["keydown", "pointerdown", "input"]) {
    document.addEventListener(kind, ping, { passive: true });
  }
})();

// An action that sends a visitor away (did not come, come back later) or ends a desk's session
// asks once, since a misclick there costs someone their place. Without JavaScript it just sends.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A page made for printing (a ticket on its sheet) offers its print button only where it works.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
