using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace EspWs.App.Configuration;

/// <summary>The set of configuration keys a settings class accepts, read from its properties by reflection.</summary>
/// <remarks>
/// Reading the keys from the classes the binder fills means a new setting is known the moment it is declared;
/// there is no second list to forget.
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

    /// <summary>Builds the catalog of <paramref name="settingsType"/>, plus sections passed through unchecked.</summary>
    public static SettingKeyCatalog Build(Type settingsType, params string[] passThroughSections)
    {
        var catalog = new SettingKeyCatalog(passThroughSections);
        catalog.Add(settingsType, prefix: "");
        return catalog;
    }

    /// <summary>Gets every single-valued key and every list or map key (whose items sit one level below it).</summary>
    public IEnumerable<string> Keys => _values.Keys.Concat(_indexedCollections.Keys).Concat(_namedCollections.Keys);

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

    private void Add(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix.Length == 0 ? property.Name : ConfigurationPath.Combine(prefix, property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsSingleValue(propertyType))
            {
                _values[key] = propertyType;
            }
            else if (FindGenericArguments(propertyType, typeof(IDictionary<,>)) is [var keyType, var valueType]
                && keyType == typeof(string))
            {
                _namedCollections[key] = valueType;
            }
            else if (FindGenericArguments(propertyType, typeof(IEnumerable<>)) is [var itemType])
            {
                _indexedCollections[key] = itemType;
            }
            else
            {
                _sections.Add(key);
                Add(propertyType, key);
            }
        }
    }

    private static bool IsSingleValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    private static Type[]? FindGenericArguments(Type type, Type genericInterface) =>
        type.GetInterfaces()
            .Append(type)
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface)
            .Select(i => i.GetGenericArguments())
            .FirstOrDefault();
}
