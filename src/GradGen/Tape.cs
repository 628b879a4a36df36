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
        where T : struct
    {
        private const int InitialCapacity = 64;

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
            T[]? old = _items;
            int capacity = old is null ? InitialCapacity : checked(old.Length * 2);
            T[] grown = ArrayPool<T>.Shared.Rent(capacity);
            if (old is not null)
            {
                Array.Copy(old, grown, _count);
                ArrayPool<T>.Shared.Return(old);
            }

            _items = grown;
            grown[_count] = value;
            _count++;
        }

        private static void ThrowEmpty() =>
            throw new InvalidOperationException("The gradient tape is empty: the reverse sweep read more values than the forward sweep saved.");
    }
}
