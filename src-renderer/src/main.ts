import { mount } from 'svelte';
import { chooseClient } from './api/choose-client';
import App from './App.svelte';
import { AppState } from './state/app-state.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target, props: { app: new AppState(chooseClient()) } });
