using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace GradGen.Generator.Helpers
{
    /// <summary>Compares objects by identity (netstandard2.0 has no <c>ReferenceEqualityComparer</c>): IR records compare by
    /// value, and two equal calls at different places are different calls.</summary>
    internal sealed class ReferenceEquality<T> : IEqualityComparer<T>
        where T : class
    {
        public static readonly ReferenceEquality<T> Instance = new();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
