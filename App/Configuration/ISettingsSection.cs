using System.Diagnostics.CodeAnalysis;

namespace EspWs.App.Configuration;

/// <summary>A class of settings whose public properties are configuration keys: the root settings and each of their sections.</summary>
/// <remarks>
/// The annotation tells the trimmer and Native AOT to keep the public properties of every class that implements this,
/// so <see cref="SettingKeyCatalog"/> can still read the keys by reflection in a trimmed or AOT build.
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
internal interface ISettingsSection
{
}
