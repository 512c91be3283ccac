/**
 * Azure public-cloud regions (programmatic names, as `az account
 * list-locations` prints them) and the short codes the Arc `his` hosts use.
 *
 * Short codes come from the 2021 Arc-enabled Kubernetes quickstart
 * (Microsoft Learn, "Quickstart: Connect an existing Kubernetes cluster to
 * Azure Arc", 2021 network requirements table); later docs only say "for example `eus` for East US", so a
 * code is given only where it is documented and stays overridable everywhere
 * it is used. A region missing here is a one-line addition: keep the list
 * sorted by geography.
 */
export interface AzureRegion {
  readonly name: string;
  readonly displayName: string;
  /** Short code of `<code>.his.arc.azure.com`; undefined where no public source gives it. */
  readonly hisCode?: string;
}

const REGIONS: readonly AzureRegion[] = [
  // Americas
  { name: "eastus", displayName: "East US", hisCode: "eus" },
  { name: "eastus2", displayName: "East US 2", hisCode: "eus2" },
  { name: "centralus", displayName: "Central US" },
  { name: "northcentralus", displayName: "North Central US" },
  { name: "southcentralus", displayName: "South Central US", hisCode: "scus" },
  { name: "westcentralus", displayName: "West Central US", hisCode: "wcus" },
  { name: "westus", displayName: "West US" },
  { name: "westus2", displayName: "West US 2", hisCode: "wus2" },
  { name: "westus3", displayName: "West US 3" },
  { name: "canadacentral", displayName: "Canada Central" },
  { name: "canadaeast", displayName: "Canada East" },
  { name: "brazilsouth", displayName: "Brazil South" },
  { name: "brazilsoutheast", displayName: "Brazil Southeast" },
  { name: "mexicocentral", displayName: "Mexico Central" },
  { name: "chilecentral", displayName: "Chile Central" },
  // Europe
  { name: "northeurope", displayName: "North Europe", hisCode: "ne" },
  { name: "westeurope", displayName: "West Europe", hisCode: "weu" },
  { name: "uksouth", displayName: "UK South", hisCode: "uks" },
  { name: "ukwest", displayName: "UK West" },
  { name: "francecentral", displayName: "France Central", hisCode: "fc" },
  { name: "francesouth", displayName: "France South" },
  { name: "germanywestcentral", displayName: "Germany West Central" },
  { name: "germanynorth", displayName: "Germany North" },
  { name: "switzerlandnorth", displayName: "Switzerland North" },
  { name: "switzerlandwest", displayName: "Switzerland West" },
  { name: "norwayeast", displayName: "Norway East" },
  { name: "norwaywest", displayName: "Norway West" },
  { name: "swedencentral", displayName: "Sweden Central" },
  { name: "swedensouth", displayName: "Sweden South" },
  { name: "polandcentral", displayName: "Poland Central" },
  { name: "italynorth", displayName: "Italy North" },
  { name: "spaincentral", displayName: "Spain Central" },
  // Asia Pacific
  { name: "eastasia", displayName: "East Asia" },
  { name: "southeastasia", displayName: "Southeast Asia", hisCode: "sea" },
  { name: "australiaeast", displayName: "Australia East", hisCode: "ae" },
  { name: "australiasoutheast", displayName: "Australia Southeast" },
  { name: "australiacentral", displayName: "Australia Central" },
  { name: "australiacentral2", displayName: "Australia Central 2" },
  { name: "japaneast", displayName: "Japan East" },
  { name: "japanwest", displayName: "Japan West" },
  { name: "koreacentral", displayName: "Korea Central" },
  { name: "koreasouth", displayName: "Korea South" },
  { name: "centralindia", displayName: "Central India" },
  { name: "southindia", displayName: "South India" },
  { name: "westindia", displayName: "West India" },
  { name: "jioindiawest", displayName: "Jio India West" },
  { name: "jioindiacentral", displayName: "Jio India Central" },
  { name: "newzealandnorth", displayName: "New Zealand North" },
  { name: "indonesiacentral", displayName: "Indonesia Central" },
  { name: "malaysiawest", displayName: "Malaysia West" },
  // Middle East and Africa
  { name: "uaenorth", displayName: "UAE North" },
  { name: "uaecentral", displayName: "UAE Central" },
  { name: "qatarcentral", displayName: "Qatar Central" },
  { name: "israelcentral", displayName: "Israel Central" },
  { name: "southafricanorth", displayName: "South Africa North" },
  { name: "southafricawest", displayName: "South Africa West" },
];

const BY_NAME = new Map(REGIONS.map((r) => [r.name, r]));

/** Every region name in the catalogue, in catalogue order. */
export const AZURE_REGION_NAMES: readonly string[] = REGIONS.map((r) => r.name);

export function azureRegion(name: string): AzureRegion | undefined {
  return BY_NAME.get(name);
}

export function isAzureRegion(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * The short code of `<code>.his.arc.azure.com` for a region: the override
 * when given, else the documented code, else undefined (unconfirmed).
 */
export function hisRegionCode(region: string, override?: string): string | undefined {
  return override ?? BY_NAME.get(region)?.hisCode;
}
