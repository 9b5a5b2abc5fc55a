using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EspWs.App.Configuration;

/// <summary>The set of configuration keys a settings class accepts, read from its properties by reflection.</summary>
/// <remarks>
/// Reading the keys from the classes the binder fills means a new setting is known the moment it is declared;
/// there is no second list to forget. The walk goes through instances (each section's default value) rather than
/// property types, because <see cref="ISettingsSection"/>'s annotation keeps the properties that <c>GetType()</c>
/// finds, in a trimmed or Native AOT build too; a bare <see cref="PropertyInfo.PropertyType"/> carries no such promise.
/// </remarks>
internal sealed class SettingKeyCatalog
{
    private readonly Dictionary<string, Type> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> _indexedCollections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> _namedCollections = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly string[] _passThroughSections;

    private SettingKeyCatalog(string[] passThroughSections)
    {
        _passThroughSections = passThroughSections;
    }

    /// <summary>Builds the catalog of <paramref name="settings"/>' class and its sections, plus sections passed through unchecked.</summary>
    public static SettingKeyCatalog Build(ISettingsSection settings, params string[] passThroughSections)
    {
        var catalog = new SettingKeyCatalog(passThroughSections);
        catalog.Add(settings, prefix: "");
        return catalog;
    }

    /// <summary>Gets every single-valued key and every list or map key (whose items sit one level below it).</summary>
    public IEnumerable<string> Keys => _values.Keys.Concat(_indexedCollections.Keys).Concat(_namedCollections.Keys);

    /// <summary>Tells whether <paramref name="key"/> is written exactly as its setting is declared (and documented), case included.</summary>
    public bool IsDocumentedSpelling(string key) => Keys.Concat(_sections).Contains(key, StringComparer.Ordinal);

    /// <summary>Tells what <paramref name="key"/> is and, for a value, the type it must convert to.</summary>
    public SettingKeyKind Classify(string key, out Type? valueType)
    {
        valueType = null;
        if (_values.TryGetValue(key, out valueType))
        {
            return SettingKeyKind.Value;
        }

        if (_sections.Contains(key) || _indexedCollections.ContainsKey(key) || _namedCollections.ContainsKey(key))
        {
            return SettingKeyKind.Section;
        }

        foreach (var section in _passThroughSections)
        {
            if (key.Equals(section, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(section + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
            {
                return SettingKeyKind.PassThrough;
            }
        }

        var lastDelimiter = key.LastIndexOf(':');
        if (lastDelimiter > 0)
        {
            var parent = key[..lastDelimiter];
            var item = key[(lastDelimiter + 1)..];
            if (_namedCollections.TryGetValue(parent, out valueType) && item.Length > 0)
            {
                return SettingKeyKind.Value;
            }

            if (_indexedCollections.TryGetValue(parent, out valueType) && item.Length > 0 && item.All(char.IsAsciiDigit))
            {
                return SettingKeyKind.Value;
            }
        }

        valueType = null;
        return SettingKeyKind.Unknown;
    }

    private void Add(ISettingsSection section, string prefix)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix.Length == 0 ? property.Name : ConfigurationPath.Combine(prefix, property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsSingleValue(propertyType))
            {
                _values[key] = propertyType;
            }
            else if (CollectionItem(propertyType) is { } collection)
            {
                (collection.IsNamed ? _namedCollections : _indexedCollections)[key] = collection.ItemType;
            }
            else if (property.GetValue(section) is ISettingsSection nested)
            {
                _sections.Add(key);
                Add(nested, key);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Setting '{key}' is neither a value, a list, a map, nor an ISettingsSection with a default instance.");
            }
        }
    }

    private static bool IsSingleValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    // Arrays and generic lists hold items under indexes ("0", "1"), maps keyed by string under names; found without
    // Type.GetInterfaces, which a trimmed build cannot promise for an arbitrary property type.
    private static (bool IsNamed, Type ItemType)? CollectionItem(Type type)
    {
        if (type.IsArray)
        {
            return (false, type.GetElementType()!);
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        Type[] arguments = type.GetGenericArguments();
        if (typeof(IDictionary).IsAssignableFrom(type) && arguments is [var keyType, var valueType] && keyType == typeof(string))
        {
            return (true, valueType);
        }

        return typeof(IEnumerable).IsAssignableFrom(type) && arguments is [var itemType] ? (false, itemType) : null;
    }
}
