using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace GradGen
{
    /// <summary>
    /// A last-in, first-out store of values that generated gradient code saves during its forward
    /// sweep (values overwritten inside loops that the reverse sweep still needs) and reads back
    /// during its reverse sweep. Used by generated code; not meant to be called by hand.
    /// </summary>
    /// <remarks>
    /// The tape holds no managed memory until the first push, then rents its storage from
    /// <see cref="ArrayPool{T}.Shared"/> and grows by doubling. <see cref="Dispose"/> returns the
    /// storage, so a gradient that is called repeatedly allocates nothing on the managed heap once
    /// the pool has warmed up.
    /// </remarks>
    /// <typeparam name="T">The element type: <see cref="double"/>, <see cref="float"/> or <see cref="int"/>.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public struct Tape<T> : IDisposable
    {
        private const int InitialCapacity = 64;

        /// <summary>The most values one <see cref="Reserve"/> makes room for (8 MB of doubles).</summary>
        public const int MaxReserve = 1 << 20;

        private T[]? _items;
        private int _count;

        /// <summary>The number of values currently on the tape.</summary>
        public readonly int Count => _count;

        /// <summary>Saves <paramref name="value"/> on top of the tape.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T value)
        {
            T[]? items = _items;
            int count = _count;
            if (items is not null && (uint)count < (uint)items.Length)
            {
                items[count] = value;
                _count = count + 1;
            }
            else
            {
                PushSlow(value);
            }
        }

        /// <summary>
        /// Makes room for <paramref name="count"/> more values, so that a loop of known trip count pushes
        /// without growing the tape one doubling at a time. A count of zero or less does nothing; a count
        /// beyond <see cref="MaxReserve"/> reserves that many and lets the pushes grow the rest.
        /// </summary>
        /// <param name="count">How many more values the forward sweep is about to push.</param>
        public void Reserve(int count)
        {
            if (count <= 0)
            {
                return;
            }

            int needed = (int)Math.Min((long)_count + Math.Min(count, MaxReserve), int.MaxValue);
            if (_items is null || needed > _items.Length)
            {
                Grow(needed);
            }
        }

        /// <summary>Removes and returns the value on top of the tape.</summary>
        /// <exception cref="InvalidOperationException">The tape is empty.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Pop()
        {
            int count = _count - 1;
            T[]? items = _items;
            if (items is null || (uint)count >= (uint)items.Length)
            {
                ThrowEmpty();
            }

            _count = count;
            return items![count];
        }

        /// <summary>Returns the tape's storage to the shared pool. The tape is empty afterwards.</summary>
        public void Dispose()
        {
            T[]? items = _items;
            _items = null;
            _count = 0;
            if (items is not null)
            {
                ArrayPool<T>.Shared.Return(items);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void PushSlow(T value)
        {
            Grow(_count + 1);
            _items![_count] = value;
            _count++;
        }

        /// <summary>Replaces the storage by a pooled array of at least <paramref name="minimum"/> slots (and at
        /// least twice the old one), keeping the values.</summary>
        private void Grow(int minimum)
        {
            T[]? old = _items;
            int doubled = old is null ? InitialCapacity : checked(old.Length * 2);
            T[] grown = ArrayPool<T>.Shared.Rent(Math.Max(doubled, minimum));
            if (old is not null)
            {
                Array.Copy(old, grown, _count);
                ArrayPool<T>.Shared.Return(old);
            }

            _items = grown;
        }

        private static void ThrowEmpty() =>
            throw new InvalidOperationException("The gradient tape is empty: the reverse sweep read more values than the forward sweep saved.");
    }
}
