/** zh strings for the app area of the view. Keys are flat: `area.thing`. */
export default {} satisfies Record<string, string>;
