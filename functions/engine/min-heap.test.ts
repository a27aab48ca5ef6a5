import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap';

describe('MinHeap', () => {
  it('pops items in order, with pops interleaved among pushes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647);
    const initial = Array.from({ length: 500 }, random);
    const later = Array.from({ length: 300 }, random);
    const heap = new MinHeap<number>((left, right) => left - right);
    for (const value of initial) heap.push(value);
    expect(heap.peek()).toBe(Math.min(...initial));
    const popped: number[] = [];
    for (const value of later) {
      heap.push(value);
      if (value % 3 === 0) popped.push(heap.pop() as number);
    }
    const interleaved = popped.length;
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toHaveLength(800);
    expect(heap.pop()).toBeUndefined();
    // Once pushing stops, what is left comes out sorted, and nothing popped along the way is lost.
    const tail = popped.slice(interleaved);
    expect(tail).toEqual([...tail].sort((left, right) => left - right));
    expect([...popped].sort((left, right) => left - right)).toEqual([...initial, ...later].sort((left, right) => left - right));
  });
});
