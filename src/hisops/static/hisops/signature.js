// A signature pad: draw with a finger, mouse or pen on a <canvas>; on submit the drawing
// goes to the hidden "signature" input as a PNG data URL. No library: pointer events and
// the 2D context are all it needs.
document.querySelectorAll("[data-signature-form]").forEach((form) => {
  const canvas = form.querySelector("canvas");
  const input = form.querySelector("input[name=signature]");
  const submit = form.querySelector("[data-signature-submit]");
  const context = canvas.getContext("2d");
  let drawing = false;
  let strokes = 0;

  function fit() {
    // Match the canvas's pixels to its CSS size (and the screen's density) so lines are sharp.
    const ratio = window.devicePixelRatio || 1;
    const box = canvas.getBoundingClientRect();
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#111";
    strokes = 0;
    submit.disabled = true;
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  canvas.style.touchAction = "none"; // no scrolling while signing
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.moveTo(...point(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    context.lineTo(...point(event));
    context.stroke();
  });
  const end = () => {
    if (drawing) {
      strokes += 1;
      submit.disabled = false;
    }
    drawing = false;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  form.querySelector("[data-signature-clear]").addEventListener("click", fit);
  form.addEventListener("submit", (event) => {
    if (!strokes) {
      event.preventDefault();
      return;
    }
    input.value = canvas.toDataURL("image/png");
  });
  fit();
});
