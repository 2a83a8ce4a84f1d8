// Which townships a library takes acceptance packages from (issue 17; docs/decisions.md).

export interface ExpectedSource {
  /** null when the township was since removed from the library. */
  unitId: number | null;
  archiveCode: string;
  /** 某县/某镇 */
  path: string;
}

export interface PackageSources {
  /** This library's identity, as its own packages name it. */
  libraryId: string;
  /** Empty: packages are taken from any township (each still only within its own root). */
  expected: ExpectedSource[];
}
