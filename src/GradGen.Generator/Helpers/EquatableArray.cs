using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace GradGen.Generator.Helpers
{
    /// <summary>
    /// An immutable array with value equality, so that models holding lists compare by content and the
    /// incremental generator can cache them (an <see cref="ImmutableArray{T}"/> compares by reference).
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly EquatableArray<T> Empty = new(ImmutableArray<T>.Empty);

        private readonly T[]? _items;

        public EquatableArray(ImmutableArray<T> items)
        {
            _items = items.IsDefaultOrEmpty ? null : System.Linq.ImmutableArrayExtensions.ToArray(items);
        }

        public EquatableArray(IEnumerable<T> items)
        {
            T[] array = items is T[] a ? (T[])a.Clone() : new List<T>(items).ToArray();
            _items = array.Length == 0 ? null : array;
        }

        public int Count => _items?.Length ?? 0;

        public bool IsEmpty => Count == 0;

        public T this[int index] => _items is null ? throw new IndexOutOfRangeException() : _items[index];

        public ReadOnlySpan<T> AsSpan() => _items;

        public bool Equals(EquatableArray<T> other)
        {
            T[]? a = _items, b = other._items;
            if (ReferenceEquals(a, b)) return true;
            int n = a?.Length ?? 0;
            if (n != (b?.Length ?? 0)) return false;
            for (int i = 0; i < n; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a![i], b![i])) return false;
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            if (_items is not null)
            {
                foreach (T item in _items)
                {
                    hash = unchecked(hash * 31 + (item is null ? 0 : item.GetHashCode()));
                }
            }

            return hash;
        }

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T> => new(items);

        public static EquatableArray<T> Create<T>(params T[] items)
            where T : IEquatable<T> => new(items);
    }
}
