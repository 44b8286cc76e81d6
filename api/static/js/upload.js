// The upload box of /compras/nueva: a file dropped on it goes into its file input, and the chosen file is named.
document.querySelectorAll("[data-drop]").forEach((box) => {
  const input = box.querySelector("input[type=file]");
  const chosen = box.querySelector("[data-chosen]");
  const show = () => {
    if (input.files.length) {
      chosen.querySelector("strong").textContent = input.files[0].name;
    }
  };
  input.addEventListener("change", show);
  for (const kind of ["dragenter", "dragover"]) {
    box.addEventListener(kind, (event) => {
      event.preventDefault();
      box.classList.add("over");
    });
  }
  box.addEventListener("dragleave", () => box.classList.remove("over"));
  box.addEventListener("drop", (event) => {
    event.preventDefault();
    box.classList.remove("over");
    if (event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      show();
    }
  });
});
