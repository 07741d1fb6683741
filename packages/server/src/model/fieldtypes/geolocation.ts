import { createStringFieldtype } from './string-fieldtype.js';

/** Geolocation: a GeoJSON FeatureCollection, accepted as text or as an object. */
export const geolocation = createStringFieldtype({
  name: 'Geolocation',
  columnType: 'longtext',
  acceptsObjects: true,
});
