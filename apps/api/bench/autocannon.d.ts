// autocannon ships no types; the bench casts it to the small interface it uses.
declare module 'autocannon' {
  const autocannon: unknown;
  export default autocannon;
}
