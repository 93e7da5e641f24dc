export { FleetPage, FleetView, FLEET_PAGE_TITLE } from './FleetPage';
