package report

import "strings"

// Display names of Power Platform geographies and Azure regions, as
// Microsoft's admin center shows them. An unknown code is shown as it is.

func geoNames() map[string]string {
	return map[string]string{
		"unitedstates": "United States", "europe": "Europe", "uk": "United Kingdom", "japan": "Japan", "india": "India",
		"france": "France", "germany": "Germany", "switzerland": "Switzerland", "canada": "Canada", "brazil": "Brazil",
		"australia": "Australia", "asia": "Asia", "uae": "United Arab Emirates", "korea": "Korea", "norway": "Norway",
		"singapore": "Singapore", "sweden": "Sweden", "southafrica": "South Africa", "italy": "Italy", "poland": "Poland",
		"spain": "Spain", "qatar": "Qatar", "israel": "Israel", "mexico": "Mexico", "newzealand": "New Zealand",
		"unitedstatesfirstrelease": "Preview (United States)", "gcc": "US Government (GCC)", "usgov": "US Government",
		"china": "China",
	}
}

func regionNames() map[string]string {
	return map[string]string{
		"eastus": "East US", "eastus2": "East US 2", "westus": "West US", "westus2": "West US 2", "westus3": "West US 3",
		"centralus": "Central US", "northcentralus": "North Central US", "southcentralus": "South Central US",
		"westcentralus": "West Central US", "canadacentral": "Canada Central", "canadaeast": "Canada East",
		"brazilsouth": "Brazil South", "brazilsoutheast": "Brazil Southeast", "northeurope": "North Europe",
		"westeurope": "West Europe", "uksouth": "UK South", "ukwest": "UK West", "francecentral": "France Central",
		"francesouth": "France South", "germanywestcentral": "Germany West Central", "germanynorth": "Germany North",
		"switzerlandnorth": "Switzerland North", "switzerlandwest": "Switzerland West", "norwayeast": "Norway East",
		"norwaywest": "Norway West", "swedencentral": "Sweden Central", "swedensouth": "Sweden South",
		"japaneast": "Japan East", "japanwest": "Japan West", "australiaeast": "Australia East",
		"australiasoutheast": "Australia Southeast", "australiacentral": "Australia Central", "centralindia": "Central India",
		"southindia": "South India", "westindia": "West India", "koreacentral": "Korea Central", "koreasouth": "Korea South",
		"southeastasia": "Southeast Asia", "eastasia": "East Asia", "uaenorth": "UAE North", "uaecentral": "UAE Central",
		"southafricanorth": "South Africa North", "southafricawest": "South Africa West", "qatarcentral": "Qatar Central",
		"polandcentral": "Poland Central", "italynorth": "Italy North", "spaincentral": "Spain Central",
		"israelcentral": "Israel Central", "mexicocentral": "Mexico Central", "newzealandnorth": "New Zealand North",
		"usgovvirginia": "US Gov Virginia", "usgovarizona": "US Gov Arizona", "usgovtexas": "US Gov Texas",
	}
}

// geoName gives a geography's display name ("unitedstates" → "United States").
func geoName(code string) string {
	if n, ok := geoNames()[strings.ToLower(strings.TrimSpace(code))]; ok {
		return n
	}
	return code
}

// regionName gives an Azure region's display name ("eastus" → "East US").
func regionName(code string) string {
	if n, ok := regionNames()[strings.ToLower(strings.ReplaceAll(code, " ", ""))]; ok {
		return n
	}
	return code
}
