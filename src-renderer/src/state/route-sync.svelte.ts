/**
 * Keeps the address and the window's view in step (lib/route.ts): each change of page, folder, tag,
 * search or viewer photo writes the address (a new history entry for a new place, the same entry
 * while typing or stepping photos), and Back, Forward or a reload put the view back.
 */
import { formatArea, formatRoute, isNewPlace, parseRoute, sameCategory, type Route } from '../lib/route';
import { isEmptyViewOptions } from '../lib/route-view-options';
import type { AppState } from './app-state.svelte';
import { applyViewOptions, viewOptionsOf } from './route-view-options-sync';

export class RouteSync {
  /** A photo the address names that the grid has not loaded yet: opened as soon as it is there. */
  private pendingPhoto = $state<number | null>(null);
  private written: Route;

  constructor(
    private readonly app: AppState,
    private readonly win: Window = window,
  ) {
    this.written = parseRoute(win.location.hash);
  }

  /** The route the window shows now. */
  current(): Route {
    const app = this.app;
    const options = viewOptionsOf(app);
    return {
      ...(app.view === 'photos' && !isEmptyViewOptions(options) ? { options } : {}),
      view: app.view,
      query: app.search.text,
      folder: app.browse.folder,
      tag: app.browse.tag,
      ...(app.browse.category ? { category: app.browse.category } : {}),
      ...(app.browse.place ? { place: app.browse.place } : {}),
      ...(app.browse.area ? { area: app.browse.area } : {}),
      photo: app.viewer.photoId ?? this.pendingPhoto,
    };
  }

  /** Applies the address the window was opened at, then follows both ways; returns a function that stops. */
  start(): () => void {
    // A plain address is the home view; it is left as it is until the view moves.
    if (this.win.location.hash) this.apply(parseRoute(this.win.location.hash));
    const onPop = (): void => this.apply(parseRoute(this.win.location.hash));
    this.win.addEventListener('popstate', onPop);
    const stopEffects = $effect.root(() => {
      $effect(() => this.write(this.current()));
      $effect(() => {
        const photo = this.pendingPhoto;
        if (photo === null || this.app.source.count === 0) return;
        if (this.app.viewer.showPhoto(photo)) this.pendingPhoto = null;
      });
    });
    return () => {
      this.win.removeEventListener('popstate', onPop);
      stopEffects();
    };
  }

  private write(route: Route): void {
    const address = formatRoute(route);
    if (address === formatRoute(this.written)) return;
    if (isNewPlace(this.written, route)) this.win.history.pushState(null, '', address);
    else this.win.history.replaceState(this.win.history.state, '', address);
    this.written = route;
  }

  /** Puts the view where the route says (Back, Forward, reload, an edited address). */
  private apply(route: Route): void {
    const app = this.app;
    this.written = route;
    this.pendingPhoto = null;
    if (route.view !== 'photos') {
      app.viewer.close();
      if (route.view === 'autotag') app.openAutoTag();
      else app.view = route.view;
      return;
    }
    if (route.place || route.area) {
      const where = { place: route.place ?? null, area: route.area ?? null };
      if (app.view !== 'photos' || app.browse.place !== where.place || formatArea(app.browse.area) !== formatArea(where.area))
        app.showWhere(where.place, where.area);
    } else if (route.tag !== null) {
      if (app.view !== 'photos' || app.browse.tag !== route.tag) app.showTag(route.tag);
    } else if (route.category) {
      if (app.view !== 'photos' || !sameCategory(app.browse.category, route.category)) app.showCategory(route.category.set, route.category.name);
    } else if (
      app.view !== 'photos' ||
      app.browse.folder !== route.folder ||
      app.browse.tag !== null ||
      app.browse.category !== null ||
      app.browse.place !== null ||
      app.browse.area !== null
    )
      app.showFolder(route.folder);
    applyViewOptions(app, route.options ?? {}, route.query);
    if (route.photo === null) app.viewer.close();
    else if (app.viewer.photoId !== route.photo && !app.viewer.showPhoto(route.photo)) this.pendingPhoto = route.photo;
  }
}
