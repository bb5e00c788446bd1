/** en strings for the viz area of the view. Keys are flat: `area.thing`. */
export default {} satisfies Record<string, string>;
